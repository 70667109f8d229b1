"""factory_boy factories, one module per app: tests.factories.members, .organizations, .campaigns."""
