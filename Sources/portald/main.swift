print("portald")
