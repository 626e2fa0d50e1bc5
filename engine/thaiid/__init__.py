"""Thai ID card package (geometry stage: card finding, rectification, portrait, idcard_type)."""
