"""Deleting a photo row (directly or through its profile or account) deletes its files."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from calmskin.web.photos.models import Photo


def _delete_files(names: list[str], storage: Any) -> None:
    for name in names:
        storage.delete(name)


@receiver(post_delete, sender=Photo, dispatch_uid="photos_delete_files")
def delete_photo_files(sender: type[Photo], instance: Photo, **kwargs: Any) -> None:
    """After the transaction commits (a rolled-back delete keeps its files)."""
    names = [f.name for f in (instance.image, instance.thumbnail) if f and f.name]
    if names:
        transaction.on_commit(partial(_delete_files, names, instance.image.storage))
