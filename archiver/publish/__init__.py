"""Publish a release folder to a Hugging Face dataset repo as one commit tagged vX.Y.Z."""

from archiver.publish.hub import PublishError, PublishPlan, PublishResult, format_plan, plan, publish

__all__ = ["PublishError", "PublishPlan", "PublishResult", "format_plan", "plan", "publish"]
