"""`python -m legcare` runs the command-line interface."""

from legcare.cli import main

if __name__ == "__main__":
    main()
