"""One index stack for every collection: lexical (BM25), dense (FAISS), fusion, roll-up and the engine."""
