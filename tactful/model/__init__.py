"""The learned part of tactful: a small linear classifier per category.

Training (`train`, `pipeline`, `export`, `evaluate`) uses scikit-learn; the
send path (`classifier`, `features`, `tfidf`) uses numpy only, so that
checking a draft never pays scikit-learn's import time.
"""
