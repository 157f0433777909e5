from attrit.cli import main

main()
