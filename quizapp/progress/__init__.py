"""A learner's dashboard and progress page: mastery per topic, activity, live-session history."""
