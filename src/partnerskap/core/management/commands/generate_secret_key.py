from typing import Any

from django.core.management.base import BaseCommand
from django.core.management.utils import get_random_secret_key


class Command(BaseCommand):
    help = "Print a new random value for the SECRET_KEY setting."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(get_random_secret_key())
