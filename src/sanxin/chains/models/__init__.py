from sanxin.chains.models.chains import ChainLeader, ChainNode, ChainTemplate

__all__ = ["ChainLeader", "ChainNode", "ChainTemplate"]
