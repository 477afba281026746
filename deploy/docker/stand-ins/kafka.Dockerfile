# Stand-in for the official apache/kafka image where no registry answers: the same Kafka jars the
# native broker uses (deploy/kafka/pom.xml), Debian's Java 17, and the official image's interface:
# configuration from KAFKA_* variables, CLUSTER_ID, the scripts under /opt/kafka/bin, user appuser.
ARG BASE
FROM ${BASE}
RUN apt-get update -qq \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
       openjdk-17-jre-headless passwd >/dev/null \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --uid 1000 --user-group --create-home appuser \
    && mkdir -p /opt/kafka/bin /opt/kafka/config /var/lib/kafka/data /etc/kafka/docker \
    && chown -R appuser:appuser /opt/kafka/config /var/lib/kafka
COPY libs/ /opt/kafka/libs/
COPY kafka-run.sh /etc/kafka/docker/run
COPY kafka-tool.sh /opt/kafka/bin/kafka-tool
COPY kafka-log4j2.properties /opt/kafka/config/log4j2.properties
RUN chmod 755 /etc/kafka/docker/run /opt/kafka/bin/kafka-tool \
    && for tool in kafka-topics kafka-broker-api-versions kafka-storage kafka-configs kafka-acls \
       kafka-consumer-groups; do ln -s kafka-tool "/opt/kafka/bin/$tool.sh"; done
USER appuser
EXPOSE 9092
CMD ["/etc/kafka/docker/run"]
