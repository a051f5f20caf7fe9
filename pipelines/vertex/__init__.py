"""Running the one pipeline on Google Cloud: Vertex AI Pipelines, Dataflow, schedules."""
