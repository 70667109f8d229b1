"""factory_boy factories, one module per app and one factory per model: tests.factories.members,
.organizations, .campaigns (campaigns, fellows, stories), .events (events, registrations),
.moderation."""
