"""legcare: local-first self-care for restless legs, heel pain and posterior-chain leg pain."""

__version__ = "0.1.0"
__all__ = ["__version__"]
