"""posecapture: home-therapy measurement for children with dystonia.

Data flows one way: sources -> pose -> kinematics -> session -> store -> review,
with the Kivy app (ui) and the command line (cli) on top. See docs/architecture.md.
"""

__version__ = "0.1.0"
