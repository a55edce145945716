"""Writing Word: the sandboxed template environment, the prepared template, rendering, the template
check, the starter."""
