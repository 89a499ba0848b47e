# One image for every cablestream service; the command picks the service (see docker-compose.yml).
FROM python:3.11-slim
WORKDIR /app
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
COPY pyproject.toml README.md ./
COPY shared ./shared
COPY services ./services
COPY deploy/opensearch ./deploy/opensearch
RUN pip install --no-cache-dir -e . && useradd --system cablestream
USER cablestream
EXPOSE 8000 8001
CMD ["uvicorn", "services.api.app:create_app", "--factory", "--host", "0.0.0.0", "--port", "8001"]
