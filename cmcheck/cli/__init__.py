"""The command line: click code only, one module per group of commands. Each command parses
its options and calls the functions a capability exposes; it may import every package, and no
package imports it.
"""
