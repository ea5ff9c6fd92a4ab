"""A job for the tests to enqueue."""

from django_tasks import task


@task()
def noop() -> None:
    """Does nothing; the tests only look at the queue."""
