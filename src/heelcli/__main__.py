from heelcli.cli.group import main

if __name__ == "__main__":
    main()
