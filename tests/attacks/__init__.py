"""Attack tests: each performs one way around a control (issue 23) and shows it refused."""
