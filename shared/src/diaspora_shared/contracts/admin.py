"""Creates the declared topics on a broker; safe to run again."""

from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from .topics import TopicSpec, all_topics, qualified


async def ensure_topics(
    bootstrap_servers: str,
    prefix: str = "",
    specs: tuple[TopicSpec, ...] | None = None,
    replication_factor: int = 1,
) -> list[str]:
    """Create the missing topics and return the names that were created."""
    wanted = {qualified(spec.name, prefix): spec for spec in specs or all_topics()}
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [
            NewTopic(
                name=name,
                num_partitions=spec.partitions,
                replication_factor=replication_factor,
                topic_configs=spec.config,
            )
            for name, spec in wanted.items()
            if name not in existing
        ]
        if missing:
            await admin.create_topics(missing)
        return [topic.name for topic in missing]
    finally:
        await admin.close()
