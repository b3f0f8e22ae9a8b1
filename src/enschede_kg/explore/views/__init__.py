"""The explorer's views of the shared state: the network (vis-network), each its own module."""
