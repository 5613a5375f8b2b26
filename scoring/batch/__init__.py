"""Batch: many projects, streamed and in input order, and the outputs of `scoring batch`."""
