"""The demo alliance: fictional organizations, people and offers, built by the domain functions.

Everything here is invented for demonstration; any likeness to a real company, agency or person
is accidental.
"""
