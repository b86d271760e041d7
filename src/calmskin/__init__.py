"""CalmSkin: an eczema care companion."""
