"""Reading report JSON strictly, and naming its mistakes the way a person would fix them."""
