"""The licence knowledge base (``licenses/*.yaml``), identification of declared licences, and propagation."""
