"""Files → validated plans and records: the only `import yaml`, positions of every value, where
the plans are, reading plans, registries and progress logs."""
