import os

from bench.page import run

if __name__ == "__main__":
    run(dict(os.environ))
