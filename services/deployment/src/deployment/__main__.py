"""`python -m deployment`: run the deployment service as its own process."""

from .entrypoints.app import SERVICE

main = SERVICE.main

if __name__ == "__main__":
    main()
