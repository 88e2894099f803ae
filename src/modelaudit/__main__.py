from modelaudit.cli import run

run()
