// APIMatic
