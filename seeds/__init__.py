"""The sourced seed graph: human-editable YAML files and their loader."""
