"""The course model: reading sources, the course, quiz banks, glossary, run sheets and the Project that holds them."""
