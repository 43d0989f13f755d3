#include "queue/rabbitmq/topology.hpp"

#include "queue/rabbitmq/amqp_connection.hpp"

namespace pricewatch::queue {

void declare_job_queues(amqp_connection& connection) {
  connection.declare_durable_queue(dead_jobs_queue);
  connection.declare_durable_queue(jobs_queue, dead_jobs_queue);
}

}  // namespace pricewatch::queue
