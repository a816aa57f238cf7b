"""Daily Papers Archive: a static site generator for Hugging Face Daily Papers digests."""
