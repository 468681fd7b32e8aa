"""The seed page's complete workflow against a Prospect API server: search, create a list, save.

    PROSPECT_API_URL=http://localhost:3000 PROSPECT_API_KEY=wbk_... python3 examples/workflow.py

Only the base URL differs from the page this service was born from.
"""
import os
import sys

import requests

BASE_URL = os.environ.get("PROSPECT_API_URL", "http://localhost:3000").rstrip("/")
API_KEY = os.environ.get("PROSPECT_API_KEY")
LIST_NAME = os.environ.get("PROSPECT_LIST_NAME", "Law Firm CEOs")

if not API_KEY:
    sys.exit("Set PROSPECT_API_KEY to a key with read and write scopes (wbk_...).")

headers = {"Authorization": f"Bearer {API_KEY}", "Content-Type": "application/json"}

# Step 1: Search for prospects
search_response = requests.post(
    f"{BASE_URL}/v1/prospects/search",
    headers=headers,
    json={
        "query": {
            "person_titles": ["CEO"],
            "organization_industries": ["Legal"]
        },
        "per_page": 50
    }
)
search_response.raise_for_status()
prospects = search_response.json()["data"]["prospects"]
print(f"Found {len(prospects)} prospects")

# Step 2: Create a list
list_response = requests.post(
    f"{BASE_URL}/v1/lists",
    headers=headers,
    json={"name": LIST_NAME, "description": "Q1 Campaign"}
)
list_response.raise_for_status()
list_id = list_response.json()["data"]["id"]

# Step 3: Save prospects to CRM and list
save_response = requests.post(
    f"{BASE_URL}/v1/prospects/save",
    headers=headers,
    json={
        "prospects": prospects,
        "list_id": list_id
    }
)
save_response.raise_for_status()

result = save_response.json()["data"]
print(f"Saved {result['created']} contacts to list {list_id}")
