"""Entry point of the `pulumi-language-python` plugin: `python -m cortex_pulumi.langhost [flags] <engine>`."""

from cortex_pulumi.langhost.server import main

if __name__ == "__main__":
    main()
