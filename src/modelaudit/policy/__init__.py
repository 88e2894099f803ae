"""Policy: the organisation's profile, the rules (data in ``rules/*.yaml``), waivers, and the
engine that turns a model's analysis into findings and a verdict."""
