"""The CE Session XBlock: a unit holding it becomes a CE session of its course's activity."""
