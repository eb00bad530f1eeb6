"""The technician's commands: the `new` wizard and its prompts, the change templates, and
`review`, which adds the Change Review to a file without disturbing its bytes.

Imports the core only.
"""
