"""Demo cooperation projects of the demo alliance: fictional, built by the domain functions."""
