"""FIT-Connect: receive applications from other portals (Subscriber) and forward them (Sender)."""
