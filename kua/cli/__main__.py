from kua.cli import run

run()
