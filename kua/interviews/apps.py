from django.apps import AppConfig


class InterviewsConfig(AppConfig):
    name = "kua.interviews"
    label = "interviews"
