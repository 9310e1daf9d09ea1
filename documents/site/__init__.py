"""The published site for residents (`pledges publish`): static pages and open data of approved quarters."""

from documents.site.build import PublishResult, publish

__all__ = ["PublishResult", "publish"]
