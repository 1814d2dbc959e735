"""Content: the source document, the content pack and the item bank generated from them."""
