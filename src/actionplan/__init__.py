"""actionplan: a municipal ICT action plan kept as YAML, validated and queried."""
