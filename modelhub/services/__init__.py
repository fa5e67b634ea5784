"""The seed's §4 operations as async use cases returning plain records. No Qt."""
