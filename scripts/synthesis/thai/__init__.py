"""Thai text-line synthesis for the recognizer: fonts, text generators, rendering, shards."""
