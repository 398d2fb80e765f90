"""The History window: minutes, streak, routines and the last days' chart."""
